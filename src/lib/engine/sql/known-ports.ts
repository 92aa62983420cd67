/**
 * The server ports a kubectl dump names at each address (containerPorts, Service ports and
 * targetPorts, nodePorts), for the recipes' port heuristics: the same answers the engine's
 * isKnownServerPort gives, as a list the SQL joins. Well-known ports are left out (the SQL
 * knows them).
 */
import type { InventoryIndex } from '../inventory/inventory-index';
import { PROTOCOLS } from '../model/protocols';
import {
  isKnownServerPort,
  serverPortCandidates,
  WELL_KNOWN_SERVER_PORTS,
} from '../inventory/ports';

const WELL_KNOWN = new Set(WELL_KNOWN_SERVER_PORTS);

/** `[ip, port, protocol]` for every non-well-known server port of the dump, sorted. */
export function knownServerPorts(idx: InventoryIndex): [string, number, string][] {
  const ips = new Set([
    ...idx.podsByAnyIp.keys(),
    ...idx.servicesByIp.keys(),
    ...idx.nodesByIp.keys(),
  ]);
  const ports = [...serverPortCandidates(idx)]
    .filter((p) => p >= 1024 && !WELL_KNOWN.has(p))
    .sort((a, b) => a - b);
  const out: [string, number, string][] = [];
  for (const ip of [...ips].sort()) {
    for (const port of ports) {
      for (const proto of PROTOCOLS) {
        if (isKnownServerPort(idx, ip, port, proto)) out.push([ip, port, proto]);
      }
    }
  }
  return out;
}
