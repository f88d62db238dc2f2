export { LocalTarget, type LocalTargetOptions } from './target';
