/**
 * Plain-scalar resolution by the YAML 1.2 core schema (what the `yaml` package does by
 * default): null, booleans, ints (decimal, 0o, 0x), floats (incl. .inf and .nan); the rest
 * are strings. Tags `!!str`, `!!int`, `!!float`, `!!bool`, `!!null` force a type.
 */

const INT = /^[-+]?[0-9]+$/;
const OCT = /^0o[0-7]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const INF = /^[-+]?\.(?:inf|Inf|INF)$/;
const NAN = /^\.(?:nan|NaN|NAN)$/;

export function resolvePlain(s: string): unknown {
  if (s.length === 0) return null;
  const c = s.charCodeAt(0);
  // Fast exit: most plain scalars start with a letter that cannot begin a special value.
  if (c >= 97 && c <= 122 && c !== 110 && c !== 116 && c !== 102) return s; // not n, t, f
  switch (s) {
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
    default:
      break;
  }
  if (!(c === 43 || c === 45 || c === 46 || (c >= 48 && c <= 57))) return s;
  if (INT.test(s)) return Number(s);
  if (OCT.test(s)) return parseInt(s.slice(2), 8);
  if (HEX.test(s)) return parseInt(s.slice(2), 16);
  if (FLOAT.test(s)) return Number(s);
  if (INF.test(s)) return s[0] === '-' ? -Infinity : Infinity;
  if (NAN.test(s)) return NaN;
  return s;
}

/** The value of a scalar with an explicit tag (`!!str 1`); unknown and custom tags keep the text. */
export function resolveTagged(tag: string, text: string, plain: boolean): unknown {
  switch (tag) {
    case '!!str':
    case '!!binary':
    case '!!timestamp':
      return text;
    case '!!int':
    case '!!float': {
      const v = resolvePlain(text);
      return typeof v === 'number' ? v : text;
    }
    case '!!bool':
    case '!!null':
      return resolvePlain(text);
    case '!':
      return text;
    default:
      return plain ? resolvePlain(text) : text;
  }
}
