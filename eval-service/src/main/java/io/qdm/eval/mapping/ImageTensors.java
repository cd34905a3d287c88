package io.qdm.eval.mapping;

import io.qdm.proto.common.v1.Tensor;
import io.qdm.wire.InvalidTensorException;
import io.qdm.wire.Tensors;

/** Decodes the image batches eval-service accepts: [B, 28, 28], float32 or float64 (range checked by the run). */
public final class ImageTensors {

    private ImageTensors() {
    }

    public static double[] decode28(Tensor images) {
        if (images.getShapeCount() != 3 || images.getShape(1) != 28 || images.getShape(2) != 28) {
            throw new InvalidTensorException("images", "shape " + images.getShapeList() + ", expected [B, 28, 28]");
        }
        return Tensors.decodeReal(images, "images");
    }
}
