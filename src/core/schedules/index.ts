/** Step schedules of the oscillation recipes (methods.md 5.3-5.5), pure number functions. */
export * from './cosine';
export * from './oscillation-schedules';
