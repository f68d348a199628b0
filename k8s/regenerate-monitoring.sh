#!/usr/bin/env bash
# Regenerates k8s/base/monitoring/prometheusrule.yaml and k8s/base/monitoring/dashboards/*.json from deploy/
# (the source of truth). Run after editing deploy/prometheus/rules/placebench.rules.yml or a dashboard in
# deploy/grafana/dashboards/, and commit the result; KustomizeTest fails while they differ.
# A new or removed dashboard also needs its entry in the configMapGenerator of k8s/base/kustomization.yaml.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ ! -d "$here/validate/node_modules/yaml" ]; then
  npm ci --prefix "$here/validate" --no-audit --no-fund
fi
node "$here/validate/generate-monitoring.mjs"
