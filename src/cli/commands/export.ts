/**
 * `stack export compose|k8s [-o file]`: the stack as a compose file or Kubernetes
 * manifests, on stdout or into a file. Reads stack.yaml as `stack up` does (validated,
 * interpolated with this shell's environment), plus its `x-image:` keys.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { StackError } from '../../errors.js';
import { displayPath } from '../../format.js';
import { loadProjectConfig, locateProject } from '../project.js';

import { EXPORT_FORMATS, type ExportFormat } from '../../export/formats.js';
import { oneOf } from '../argument-words.js';

export async function exportCommand(program: Command, word: string, options: { output?: string }): Promise<void> {
  const format = oneOf('export', 'format', word, EXPORT_FORMATS);
  const paths = locateProject(program);
  const config = await loadProjectConfig(paths);
  const [{ readImages }, { exportModel }] = await Promise.all([import('../../export/images.js'), import('../../export/model.js')]);
  const images = readImages(fs.readFileSync(paths.configFile, 'utf8'), paths.configFile);
  const from = displayPath(paths.configFile, process.cwd());
  const text = await render(format, config, images, exportModel, from);
  if (!options.output) {
    process.stdout.write(text);
    return;
  }
  try {
    fs.writeFileSync(options.output, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new StackError('EXPORT_WRITE_FAILED', `cannot write ${options.output}: ${code}`, { hint: 'check that its directory exists and is writable', cause: error });
  }
  console.error(`Wrote ${displayPath(path.resolve(options.output), process.cwd())}: ${Object.keys(config.services).length} services as ${format === 'k8s' ? 'Kubernetes manifests' : 'a compose file'}.`);
}

async function render(
  format: ExportFormat,
  config: Awaited<ReturnType<typeof loadProjectConfig>>,
  images: Map<string, string>,
  exportModel: typeof import('../../export/model.js').exportModel,
  from: string,
): Promise<string> {
  if (format === 'compose') {
    const { exportCompose } = await import('../../export/compose.js');
    return exportCompose(exportModel(config, images), from);
  }
  const { exportK8s, k8sName } = await import('../../export/k8s.js');
  return exportK8s(exportModel(config, images, k8sName), from);
}
