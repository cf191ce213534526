import { freezeSharedEntries } from '../tables';

// Vitest setup (vitest.config.ts): every unit test runs with the table entries that snapshots
// share frozen, so actor code that writes one without writableEntry throws (src/sim/tables.ts).
freezeSharedEntries(true);
