import { configure } from '@testing-library/react';

// The hooks' tests share two cores with the rest of the suite: restoring a connection imports its code on demand,
// and under that load it can take more than Testing Library's default of 1 s to settle.
configure({ asyncUtilTimeout: 10_000 });
