/** The timers live in shared/ (the AI's pacing uses them too); the transport keeps its import path. */
export { systemTimers, type Timers } from '../shared/timers.ts';
