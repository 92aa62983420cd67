/**
 * IP classification and aliases (DESIGN.md §3.3): the public surface of classify/. Pure
 * functions over an Inventory, the user's cluster CIDRs and aliases; no storage, no DOM.
 */
export { aliasFor, parseAliasArg, type Alias } from './aliases';
export {
  cidrContains,
  normalizeIp,
  parseCidrLenient,
  parseIpLenient,
  type Cidr,
} from '../model/address';
export { classifyContext, classifyIp, type ClassifyContext } from './classify';
