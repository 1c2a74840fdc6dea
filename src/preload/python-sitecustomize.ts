/**
 * The Python side of `staleness: loaded`: a sitecustomize.py that the daemon writes into
 * `.stack/run/<svc>/python/` and puts first on PYTHONPATH (the user's PYTHONPATH after it),
 * so every Python process of the service runs it at start. It records the file of every
 * module imported from then on (a meta path finder that asks the others and notes the
 * origin of what they found) and the main script, appending to `$STACK_LOADED_DIR/<pid>.list`
 * like the Node preload. A sitecustomize of the user's own further down the path still runs.
 */
export const PYTHON_SITECUSTOMIZE = `# Written by stack (staleness: loaded): records the module files this process imports.
import os as _os
import sys as _sys


def _stack_install():
    directory = _os.environ.get("STACK_LOADED_DIR")
    if not directory:
        return
    import importlib.abc
    seen = set()
    target = _os.path.join(directory, "%d.list" % _os.getpid())

    def record(path):
        if not path or path in seen:
            return
        seen.add(path)
        try:
            with open(target, "a") as out:
                out.write(_os.path.realpath(path) + "\\n")
        except OSError:
            pass

    class Recorder(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):
            for finder in _sys.meta_path:
                if finder is self or not hasattr(finder, "find_spec"):
                    continue
                spec = finder.find_spec(name, path, target)
                if spec is not None:
                    if spec.has_location and spec.origin:
                        record(spec.origin)
                    return spec
            return None

    _sys.meta_path.insert(0, Recorder())
    main = _sys.argv[0] if _sys.argv else ""
    if main and _os.path.isfile(main):
        record(_os.path.abspath(main))


def _stack_chain():
    # The user's own sitecustomize, if one is further down the path.
    import importlib.machinery
    import importlib.util
    here = _os.path.dirname(_os.path.abspath(__file__))
    rest = [p for p in _sys.path if _os.path.abspath(p or ".") != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", rest)
    if spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)
    _sys.modules["sitecustomize"] = module
    spec.loader.exec_module(module)


try:
    _stack_install()
except Exception:
    pass
_stack_chain()
`;
