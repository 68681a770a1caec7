import type { SessionCommand } from '@hindsight/shared';
import { useCallback } from 'react';
import { api } from '../api';
import { useUi } from '../uiStore';

/** Sends session commands with this participant's token; a refusal or network failure is shown as a toast. */
export function useSessionCommands(boardId: string, token: string): (command: SessionCommand) => Promise<boolean> {
  const showToast = useUi((state) => state.showToast);
  return useCallback(
    (command: SessionCommand) =>
      api.command(boardId, token, command).then(
        () => true,
        (failure: unknown) => {
          showToast({ message: (failure as Error).message });
          return false;
        },
      ),
    [boardId, token, showToast],
  );
}
