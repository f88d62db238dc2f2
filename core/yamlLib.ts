/**
 * The `yaml` package (the reference YAML 1.2 implementation: Trainyard specs with exact positions,
 * config.yaml, kubeconfig), loaded at its first use. The language server reads most files with
 * core/yaml and never needs it: left out of its start-up, the package's module code is neither
 * compiled nor run (about 3 MB less resident memory for every server that opens no Trainyard spec).
 */
import type * as Yaml from 'yaml';

let lib: typeof Yaml | undefined;

export function yamlLib(): typeof Yaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (lib ??= require('yaml') as typeof Yaml);
}
