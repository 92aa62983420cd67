/**
 * From a CRD's openAPIV3Schema to the strict JSON schema the precompiled validators are made of,
 * as `kubectl apply --validate=strict` judges a custom resource: unknown fields rejected (every
 * `type: object` schema — not the bare branches of a oneOf — with properties and no
 * additionalProperties gets `additionalProperties: false`, unless it preserves unknown fields), `x-kubernetes-int-or-string` as integer-or-string,
 * `nullable` as a null type, apiVersion and kind pinned, and `metadata` (a bare object in every
 * CRD) as the ObjectMeta of the Kubernetes schema. Descriptions are dropped and subtrees the
 * schema repeats (Cilium's rule shapes appear dozens of times) become shared definitions, so the
 * generated code stays small. CEL rules (`x-kubernetes-validations`) are not JSON schema: the
 * emitters' own checks cover the ones that matter for what they write.
 */
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const isObj = (v: Json | undefined): v is Obj =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

function strict(v: Json): Json {
  if (Array.isArray(v)) return v.map(strict);
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === 'description' || k.startsWith('x-kubernetes-') || k === 'nullable') continue;
    out[k] = k === 'properties' && isObj(x) ? mapValues(x, strict) : strict(x);
  }
  if (v['x-kubernetes-int-or-string'] === true) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (v.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  const preserve = v['x-kubernetes-preserve-unknown-fields'] === true;
  if (
    v.type === 'object' &&
    isObj(out.properties) &&
    out.additionalProperties === undefined &&
    !preserve
  ) {
    out.additionalProperties = false;
  }
  return out;
}

function mapValues(o: Obj, f: (v: Json) => Json): Obj {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));
}

/** Subtrees (objects of more than `min` characters) that occur twice or more → definitions. */
function shareRepeats(schema: Obj, min = 400): Obj {
  const counts = new Map<string, number>();
  const count = (v: Json): void => {
    if (Array.isArray(v)) v.forEach(count);
    if (!isObj(v)) return;
    const text = JSON.stringify(v);
    if (text.length > min) counts.set(text, (counts.get(text) ?? 0) + 1);
    Object.entries(v).forEach(([k, x]) =>
      (k === 'properties' && isObj(x) ? Object.values(x) : [x]).forEach(count),
    );
  };
  count(schema);
  const definitions: Obj = {};
  const names = new Map<string, string>();
  const replace = (v: Json, root: boolean): Json => {
    if (Array.isArray(v)) return v.map((x) => replace(x, false));
    if (!isObj(v)) return v;
    const text = JSON.stringify(v);
    if (!root && (counts.get(text) ?? 0) > 1) {
      let name = names.get(text);
      if (!name) {
        name = `d${names.size}`;
        names.set(text, name);
        definitions[name] = replace(v, true);
      }
      return { $ref: `#/definitions/${name}` };
    }
    return mapValues(v, (x) => replace(x, false));
  };
  const out = replace(schema, true) as Obj;
  return names.size > 0 ? { ...out, definitions } : out;
}

export interface CrdSchemaSource {
  /** The CRD manifest (YAML). */
  crdFile: string;
  /** The strict Kubernetes JSON schema whose `properties.metadata` (ObjectMeta) is reused. */
  objectMetaFrom: string;
}

/** The strict JSON schema of the CRD's one served version. */
export function strictCrdSchema(src: CrdSchemaSource): object {
  const crd = load(readFileSync(src.crdFile, 'utf8')) as Obj;
  const spec = crd.spec as Obj;
  const names = spec.names as Obj;
  const versions = (spec.versions as Obj[]).filter((v) => v.served === true);
  if (versions.length !== 1) throw new Error(`${src.crdFile}: expected one served version`);
  const version = versions[0]!;
  const open = ((version.schema as Obj).openAPIV3Schema ?? {}) as Obj;
  const schema = strict(open) as Obj;
  const meta = JSON.parse(readFileSync(src.objectMetaFrom, 'utf8')) as Obj;
  const props = schema.properties as Obj;
  props.apiVersion = { type: 'string', enum: [`${String(spec.group)}/${String(version.name)}`] };
  props.kind = { type: 'string', enum: [names.kind as string] };
  props.metadata = (meta.properties as Obj).metadata!;
  schema.required = [
    ...new Set(['apiVersion', 'kind', 'metadata', ...((schema.required as string[]) ?? [])]),
  ];
  return shareRepeats({ $schema: 'http://json-schema.org/draft-07/schema#', ...schema });
}
