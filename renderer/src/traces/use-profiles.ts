// The built-in provider profiles, for the Findings and Import screens' profile pickers.
import { useEffect, useState } from 'react';
import { messageOf } from '../format';
import type { IpcClient } from '../ipc-client';

export interface ProfilesState {
  readonly names: readonly string[];
  readonly error?: string;
}

export function useProfiles(client: IpcClient): ProfilesState {
  const [state, setState] = useState<ProfilesState>({ names: [] });
  useEffect(() => {
    let active = true;
    client.request('profiles.list', {}).then(
      ({ profiles }) => active && setState({ names: profiles.map((p) => p.name) }),
      (error: unknown) => active && setState({ names: [], error: messageOf(error) }),
    );
    return () => {
      active = false;
    };
  }, [client]);
  return state;
}
