package io.placebench.inference.domain;

/** The image bytes could not be turned into something a model can be sent (not an image, too large, ...). */
public class ImagePreparationException extends Exception {

    public ImagePreparationException(String message) {
        super(message);
    }

    public ImagePreparationException(String message, Throwable cause) {
        super(message, cause);
    }
}
