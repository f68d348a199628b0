#!/usr/bin/env bash
# Regenerates analytics-service's static map data from the reverse geocoder's committed resource
#   analytics-service/src/main/resources/web/public/map/countries.json  (one feature per ISO 3166-1 country)
#   analytics-service/src/main/resources/web/public/map/regions.json    (one feature per first-level region)
# with io.placebench.scoring.tools.WebMapWriter (scoring-service/src/test/java). Offline; see tools/geodata/README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
COUNTRY_TOLERANCE="${PLACEBENCH_WEBMAP_COUNTRY_TOLERANCE:-0.05}"
REGION_TOLERANCE="${PLACEBENCH_WEBMAP_REGION_TOLERANCE:-0.03}"
OUT="analytics-service/src/main/resources/web/public/map"

cd "$ROOT"
./mvnw -B -o -q -f scoring-service/pom.xml test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/geodata.classpath -Dmdep.includeScope=test
CP="scoring-service/target/test-classes:scoring-service/target/classes:$(cat scoring-service/target/geodata.classpath)"
java -Xmx3g -cp "$CP" io.placebench.scoring.tools.WebMapWriter \
  --country-tolerance "$COUNTRY_TOLERANCE" --region-tolerance "$REGION_TOLERANCE" --out "$OUT"
ls -l "$OUT"
