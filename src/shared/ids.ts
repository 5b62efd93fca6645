import { v7 } from 'uuid';

/** Time-ordered UUIDs (v7): ids that index well and sort by creation. */
export const newId = (): string => v7();
