package io.qdm.circuit.generation;

/**
 * A batch of decoded images.
 *
 * @param pixels row-major [count, height, width] values in [0, 1], exactly as the decoder produced them (float32)
 */
public record DecodedImages(int count, int height, int width, float[] pixels) {

    public DecodedImages {
        if ((long) count * height * width != pixels.length) {
            throw new IllegalArgumentException("images: " + pixels.length + " pixels do not make " + count + " images of "
                    + height + "x" + width);
        }
    }

    /** Concatenates batches in order (all of one size). */
    public static DecodedImages concat(java.util.List<DecodedImages> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("images: nothing to concatenate");
        }
        int h = parts.get(0).height();
        int w = parts.get(0).width();
        int count = 0;
        for (DecodedImages p : parts) {
            if (p.height() != h || p.width() != w) {
                throw new IllegalArgumentException("images: batches of " + h + "x" + w + " and " + p.height() + "x"
                        + p.width() + " cannot be joined");
            }
            count += p.count();
        }
        float[] all = new float[count * h * w];
        int offset = 0;
        for (DecodedImages p : parts) {
            System.arraycopy(p.pixels(), 0, all, offset, p.pixels().length);
            offset += p.pixels().length;
        }
        return new DecodedImages(count, h, w, all);
    }
}
