import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import { FakeEventSource } from './fakes';

afterEach(() => {
  cleanup();
  FakeEventSource.instances.length = 0;
  vi.unstubAllGlobals();
  vi.useRealTimers();
});
