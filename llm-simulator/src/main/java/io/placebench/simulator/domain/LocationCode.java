package io.placebench.simulator.domain;

/**
 * The 40-bit payload of a location code strip (docs/formats.md): two 20-bit codes. Kept as integers so
 * that answers can be keyed on exactly what was read.
 */
public record LocationCode(int latitudeCode, int longitudeCode) {

    /** 2^20 - 1, the largest 20-bit code. */
    public static final int MAX_CODE = (1 << 20) - 1;

    public LocationCode {
        if (latitudeCode < 0 || latitudeCode > MAX_CODE || longitudeCode < 0 || longitudeCode > MAX_CODE) {
            throw new IllegalArgumentException("codes must be 20-bit values");
        }
    }

    /** The code of a point: {@code round((lat + 90) / 180 * MAX_CODE)}, {@code round((lon + 180) / 360 * MAX_CODE)}. */
    public static LocationCode of(double latitude, double longitude) {
        return new LocationCode(latitudeCode(latitude), longitudeCode(longitude));
    }

    public static int latitudeCode(double latitude) {
        if (!(latitude >= -90 && latitude <= 90)) {
            throw new IllegalArgumentException("latitude must be in [-90, 90], got " + latitude);
        }
        return (int) Math.round((latitude + 90) / 180 * MAX_CODE);
    }

    public static int longitudeCode(double longitude) {
        if (!(longitude >= -180 && longitude <= 180)) {
            throw new IllegalArgumentException("longitude must be in [-180, 180], got " + longitude);
        }
        return (int) Math.round((longitude + 180) / 360 * MAX_CODE);
    }

    /** The 40 payload bits: latitude code, then longitude code. */
    public long payload() {
        return ((long) latitudeCode << 20) | longitudeCode;
    }

    static LocationCode ofPayload(long payload) {
        return new LocationCode((int) (payload >>> 20) & MAX_CODE, (int) payload & MAX_CODE);
    }

    public GeoPoint toPoint() {
        double lat = latitudeCode / (double) MAX_CODE * 180.0 - 90.0;
        double lon = longitudeCode / (double) MAX_CODE * 360.0 - 180.0;
        return new GeoPoint(lat, lon);
    }

    /** CRC-8, polynomial 0x07, initial value 0, no reflection, no final xor. */
    public static int crc8(byte[] data) {
        int crc = 0;
        for (byte b : data) {
            crc ^= b & 0xff;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
            }
        }
        return crc;
    }
}
