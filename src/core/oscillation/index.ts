/** Oscillations in QAT (methods.md 5): tracking, freezing, dampening, the toy regression. */
export * from './dampening';
export * from './formulas';
export * from './freezing';
export * from './summary';
export * from './toy-regression';
export * from './tracker';
export * from './tracker-state';
