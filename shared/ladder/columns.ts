// The ladder's columns: one per host, like sngrep's call flow. Every "ip:port" of a message is an
// endpoint; endpoints fold into columns by alias, else by IP (or by ip:port when ports are not
// merged). Our own sockets never fold into a peer's column by IP alone: on a loopback test the PBX
// shares 127.0.0.1 with us, and merging the two would turn the whole call into self-loops. Only an
// explicit alias can put a local and a remote address in one column.
import type { LadderMessage } from '../ipc/schemas/traces';
import { hostPort, unbracketed } from '../sip/address-text';

export interface ColumnInfo {
  readonly index: number;
  readonly key: string;
  readonly label: string;
  readonly addresses: readonly string[];
  readonly local: boolean;
}

export interface ColumnOptions {
  readonly aliases?: Readonly<Record<string, string>>;
  readonly mergePortsOfHost?: boolean;
}

export interface ColumnPlan {
  readonly columns: readonly ColumnInfo[];
  /** Column of the sender and of the receiver of messages[i]. */
  readonly from: Int32Array;
  readonly to: Int32Array;
}

interface Endpoint {
  readonly address: string;
  readonly text: string;
  local: boolean;
}

interface Group {
  readonly id: string;
  /** The IP (or ip:port, or alias) the group is named after. */
  readonly name: string;
  readonly aliased: boolean;
  readonly endpoints: Endpoint[];
  local: boolean;
  label: string;
}

export function planColumns(messages: readonly LadderMessage[], opts: ColumnOptions = {}): ColumnPlan {
  const merge = opts.mergePortsOfHost ?? true;
  const aliases = opts.aliases ?? {};
  // Pass 1: the endpoints in order of first appearance (sender before receiver), and which are ours.
  const endpoints = new Map<string, Endpoint>();
  // address → port → endpoint: no string is built per message, only per new endpoint.
  const byAddress = new Map<string, Map<number, Endpoint>>();
  const from = new Int32Array(messages.length);
  const to = new Int32Array(messages.length);
  const senders: Endpoint[] = [];
  const receivers: Endpoint[] = [];
  const see = (e: { address: string; port: number }, local: boolean): Endpoint => {
    let ports = byAddress.get(e.address);
    if (!ports) byAddress.set(e.address, (ports = new Map()));
    let found = ports.get(e.port);
    if (!found) {
      // "[::1]" and "::1" are one host: both spellings land on one endpoint.
      const address = unbracketed(e.address);
      const text = hostPort(address, e.port);
      found = endpoints.get(text);
      if (!found) {
        found = { address, text, local };
        endpoints.set(text, found);
      }
      ports.set(e.port, found);
    }
    if (local) found.local = true;
    return found;
  };
  for (const m of messages) {
    // 'out' = local→remote: our socket sent it; 'in' = remote→local.
    const out = m.direction === 'out';
    const sender = out ? see(m.local, true) : see(m.remote, false);
    const receiver = out ? see(m.remote, false) : see(m.local, true);
    senders.push(sender);
    receivers.push(receiver);
  }

  // Pass 2, over the (few) distinct endpoints: their groups.
  const groups = new Map<string, Group>();
  const groupOf = new Map<Endpoint, Group>();
  for (const e of endpoints.values()) {
    const alias = aliasOf(aliases, e);
    const name = alias ?? (merge ? e.address : e.text);
    const id = alias !== undefined ? `a\0${alias}` : `${e.local ? 'l' : 'r'}\0${name}`;
    let group = groups.get(id);
    if (!group) {
      group = { id, name, aliased: alias !== undefined, endpoints: [], local: false, label: name };
      groups.set(id, group);
    }
    group.endpoints.push(e);
    if (e.local) group.local = true;
    groupOf.set(e, group);
  }
  labelClashes(groups);

  // Our sockets leftmost, then the peers, each in order of first appearance.
  const ordered = [...groups.values()].filter((g) => g.local);
  for (const g of groups.values()) if (!g.local) ordered.push(g);
  const indexOf = new Map<Group, number>();
  const keys = new Set<string>();
  const columns = ordered.map((g, index): ColumnInfo => {
    indexOf.set(g, index);
    let key = g.label;
    for (let n = 2; keys.has(key); n++) key = `${g.label} #${n}`;
    keys.add(key);
    return { index, key, label: g.label, addresses: g.endpoints.map((e) => e.text), local: g.local };
  });
  for (let i = 0; i < messages.length; i++) {
    from[i] = indexOf.get(groupOf.get(senders[i]!)!)!;
    to[i] = indexOf.get(groupOf.get(receivers[i]!)!)!;
  }
  return { columns, from, to };
}

/** An "ip:port" alias wins over an "ip" one; IPv6 may be written with or without brackets. */
function aliasOf(aliases: Readonly<Record<string, string>>, e: Endpoint): string | undefined {
  const port = e.text.slice(e.text.lastIndexOf(':') + 1);
  for (const key of [e.text, `${e.address}:${port}`, e.address, `[${e.address}]`]) {
    if (Object.hasOwn(aliases, key)) {
      const alias = aliases[key]!.trim();
      if (alias !== '') return alias;
    }
  }
  return undefined;
}

/**
 * Our socket and a peer on one IP (a loopback test) are two columns with the same name: each then
 * shows its address, or, with several ports behind it, ours says "(local)".
 */
function labelClashes(groups: Map<string, Group>): void {
  for (const g of groups.values()) {
    if (g.aliased || !g.local) continue;
    const peer = groups.get(`r\0${g.name}`);
    if (!peer) continue;
    g.label = g.endpoints.length === 1 ? g.endpoints[0]!.text : `${g.name} (local)`;
    if (peer.endpoints.length === 1) peer.label = peer.endpoints[0]!.text;
  }
}
