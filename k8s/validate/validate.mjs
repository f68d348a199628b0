#!/usr/bin/env node
// Validates a multi-document YAML stream (the output of `kubectl kustomize`) offline:
//  1. every object must be of a kind this script knows (Kubernetes core/apps/policy/networking, Strimzi,
//     CloudNativePG, KEDA, Prometheus Operator); anything else is an error;
//  2. `new Kind(obj).validate()` of the matching kubernetes-models class (types, enums, required fields);
//  3. unknown fields are rejected. The model packages ship their OpenAPI schemas compiled into ajv standalone
//     validators (no schema objects to walk), and those validators ignore properties they do not declare. So the
//     schema is walked through the validator itself: the object is wrapped in recording proxies and validated
//     again. A compiled validator reads every property its schema declares (`data.name !== undefined`) and
//     enumerates the keys of an object whose schema allows additional properties (maps such as labels, or typed
//     `additionalProperties`). Hence, for every object node:
//       - some declared property was read and the keys were not enumerated: a structure with a closed set of
//         properties; any own key that was never read is not in the schema's `properties` -> error;
//       - the keys were enumerated: `additionalProperties` is allowed (a map) -> fine;
//       - nothing was read at all: a free-form object (`x-kubernetes-preserve-unknown-fields`, e.g. Strimzi's
//         `config`) -> fine.
//
// Usage: node validate.mjs [--json] < rendered.yaml
//   Exit 0 when every object is valid, 1 otherwise (errors on stderr, one per line). With --json the parsed
//   objects are printed on stdout as one JSON array, for the Java test's assertions.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

import * as coreV1 from "kubernetes-models/v1";
import * as appsV1 from "kubernetes-models/apps/v1";
import * as policyV1 from "kubernetes-models/policy/v1";
import * as networkingV1 from "kubernetes-models/networking.k8s.io/v1";
import * as rbacV1 from "kubernetes-models/rbac.authorization.k8s.io/v1";
import * as autoscalingV2 from "kubernetes-models/autoscaling/v2";
import * as strimziV1 from "@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1";
import * as cnpgV1 from "@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1";
import * as kedaV1alpha1 from "@kubernetes-models/keda/keda.sh/v1alpha1";
import * as monitoringV1 from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";

const KINDS = new Map();
for (const mod of [coreV1, appsV1, policyV1, networkingV1, rbacV1, autoscalingV2, strimziV1, cnpgV1, kedaV1alpha1,
  monitoringV1]) {
  for (const value of Object.values(mod)) {
    if (typeof value === "function" && typeof value.apiVersion === "string" && typeof value.kind === "string"
      && typeof value.prototype.validate === "function") {
      KINDS.set(`${value.apiVersion}/${value.kind}`, value);
    }
  }
}

/** Wraps value in proxies recording, per object node, which keys were read and whether the keys were listed. */
function tracker() {
  const records = [];
  const proxies = new WeakMap();
  function wrap(value, path) {
    if (value === null || typeof value !== "object") {
      return value;
    }
    if (proxies.has(value)) {
      return proxies.get(value);
    }
    const record = { path, target: value, read: new Set(), enumerated: false, array: Array.isArray(value) };
    records.push(record);
    const proxy = new Proxy(value, {
      get(target, prop, receiver) {
        const result = Reflect.get(target, prop, receiver);
        if (typeof prop !== "string") {
          return result;
        }
        record.read.add(prop);
        return Object.prototype.hasOwnProperty.call(target, prop) ? wrap(result, `${path}/${prop}`) : result;
      },
      has(target, prop) {
        if (typeof prop === "string") {
          record.read.add(prop);
        }
        return Reflect.has(target, prop);
      },
      ownKeys(target) {
        record.enumerated = true;
        return Reflect.ownKeys(target);
      },
    });
    proxies.set(value, proxy);
    return proxy;
  }
  return { wrap, records };
}

function unknownFields(Kind, obj) {
  const { wrap, records } = tracker();
  try {
    Kind.prototype.validate.call(wrap(obj, ""));
  } catch {
    // reported by the plain validation
  }
  const errors = [];
  for (const record of records) {
    if (record.array || record.enumerated || record.read.size === 0) {
      continue;
    }
    for (const key of Object.keys(record.target)) {
      if (!record.read.has(key)) {
        errors.push(`${record.path}/${key}: unknown field (not in the schema)`);
      }
    }
  }
  return errors;
}

function describe(obj) {
  const ns = obj?.metadata?.namespace ? `${obj.metadata.namespace}/` : "";
  return `${obj?.apiVersion}/${obj?.kind} ${ns}${obj?.metadata?.name}`;
}

export function validateObjects(objects) {
  const errors = [];
  for (const obj of objects) {
    if (obj === null || typeof obj !== "object" || Array.isArray(obj)) {
      errors.push(`document is not an object: ${JSON.stringify(obj)}`);
      continue;
    }
    const Kind = KINDS.get(`${obj.apiVersion}/${obj.kind}`);
    if (!Kind) {
      errors.push(`${describe(obj)}: unknown kind (no schema for ${obj.apiVersion} ${obj.kind})`);
      continue;
    }
    try {
      new Kind(obj).validate();
    } catch (e) {
      errors.push(`${describe(obj)}: ${e.message.replace(/\s+/g, " ")}`);
    }
    for (const error of unknownFields(Kind, obj)) {
      errors.push(`${describe(obj)}: ${error}`);
    }
  }
  return errors;
}

function main() {
  const json = process.argv.includes("--json");
  const text = readFileSync(0, "utf8");
  const docs = parseAllDocuments(text);
  const errors = [];
  const objects = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      errors.push(...doc.errors.map((e) => `YAML: ${e.message}`));
      continue;
    }
    const value = doc.toJS();
    if (value !== null && value !== undefined) {
      objects.push(value);
    }
  }
  if (objects.length === 0) {
    errors.push("no objects in the input");
  }
  errors.push(...validateObjects(objects));
  if (json) {
    process.stdout.write(JSON.stringify(objects));
  }
  for (const error of errors) {
    process.stderr.write(`${error}\n`);
  }
  process.stderr.write(`${objects.length} objects, ${errors.length} errors\n`);
  // no process.exit(): it would cut off what is still buffered for a pipe (stdout past 64 KiB, with the dashboards)
  process.exitCode = errors.length === 0 ? 0 : 1;
}

main();
