// Moved to client/models/contextValues.ts (view models without vscode imports).
export * from '../models/contextValues';
