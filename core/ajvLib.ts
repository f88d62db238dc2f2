/**
 * Ajv's compiler, loaded at its first use. Validators the build or the validator cache stored
 * run on Ajv's small runtime helpers alone (core/ajvCode.ts), so a language server whose schemas
 * all come compiled never loads Ajv itself: its module code is neither compiled nor run at start
 * (about 1 MB less resident memory, and a shorter start).
 */
import type AjvDraft7 from 'ajv';
import type Ajv2019 from 'ajv/dist/2019';
import type Ajv2020 from 'ajv/dist/2020';

export interface AjvLib {
  Ajv: typeof AjvDraft7;
  Ajv2019: typeof Ajv2019;
  Ajv2020: typeof Ajv2020;
  /** The code template tag (`_\`...\``). */
  _: typeof import('ajv')._;
  strConcat: typeof import('ajv/dist/compile/codegen').strConcat;
  names: typeof import('ajv/dist/compile/names').default;
  standaloneCode: typeof import('ajv/dist/standalone').default;
  addFormats: typeof import('ajv-formats').default;
}

let lib: AjvLib | undefined;

export function ajvLib(): AjvLib {
  /* eslint-disable @typescript-eslint/no-require-imports */
  lib ??= {
    Ajv: require('ajv').default,
    Ajv2019: require('ajv/dist/2019').default,
    Ajv2020: require('ajv/dist/2020').default,
    _: require('ajv')._,
    strConcat: require('ajv/dist/compile/codegen').strConcat,
    names: require('ajv/dist/compile/names').default,
    standaloneCode: require('ajv/dist/standalone').default,
    addFormats: require('ajv-formats').default,
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return lib;
}
