import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { SetupStatus } from './SetupStatus';

describe('SetupStatus', () => {
  it('shows staff a failed setup with its log', () => {
    render(<SetupStatus setup={{ status: 'FAILED', log: 'setup.sh: exit 3' }} staff reload={vi.fn()} />);
    expect(screen.getByRole('heading', { name: 'Setup failed' })).toBeTruthy();
    expect(screen.getByText('setup.sh: exit 3')).toBeTruthy();
  });

  it('tells a student only that the setup is being fixed, without the log', () => {
    render(<SetupStatus setup={{ status: 'FAILED' }} staff={false} reload={vi.fn()} />);
    expect(screen.getByText(/submissions open once the instructor fixes it/)).toBeTruthy();
    expect(screen.queryByText('setup.sh: exit 3')).toBeNull();
  });

  it('looks again while the setup is pending', () => {
    vi.useFakeTimers();
    const reload = vi.fn();
    render(<SetupStatus setup={{ status: 'PENDING' }} staff reload={reload} />);
    expect(screen.getByText('Setup pending')).toBeTruthy();
    vi.advanceTimersByTime(3000);
    expect(reload).toHaveBeenCalledTimes(1);
    vi.useRealTimers();
  });

  it('shows staff the time limit the check measured', () => {
    render(<SetupStatus setup={{ status: 'READY', log: 'time limit: 2000 ms', timeLimitMillis: 2000, warnings: ['x skipped'] }}
      staff reload={vi.fn()} />);
    expect(screen.getByText(/time limit 2000 ms · 1 warning/)).toBeTruthy();
  });
});
