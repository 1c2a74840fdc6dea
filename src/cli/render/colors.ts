/** One stable colour per service, so its log lines and progress are easy to follow. */
import chalk, { type ChalkInstance } from 'chalk';

const palette: ChalkInstance[] = [chalk.cyan, chalk.magenta, chalk.yellow, chalk.blue, chalk.green, chalk.redBright];

export function serviceColor(index: number): ChalkInstance {
  return palette[index % palette.length]!;
}

export function serviceLabel(name: string, index: number, width: number): string {
  return serviceColor(index)(name.padEnd(width));
}
