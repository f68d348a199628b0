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
