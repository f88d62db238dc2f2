/**
 * Imported first by main.ts, so V8 is tuned (server/memory.ts) before any other module of the
 * bundle runs: module set-up code (the protocol library's tables, Ajv's) already runs hot enough
 * for the optimising compiler, and letting it in there costs ~4 MB of peak RSS.
 */
import { tuneV8 } from './memory';

tuneV8();
