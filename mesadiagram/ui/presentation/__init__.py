"""Present mode: the audience window, the presenter view, the camera and the keys."""
