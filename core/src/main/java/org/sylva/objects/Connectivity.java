package org.sylva.objects;

/**
 * Which neighbours touch: the pixels sharing a face ({@link #DIRECT}, ilastik's only choice) or also those sharing
 * an edge or a corner ({@link #INDIRECT}).
 */
public enum Connectivity {
    /** 4-neighbourhood in 2D, 6-neighbourhood in 3D: vigra's default, what ilastik uses everywhere. */
    DIRECT,
    /** 8-neighbourhood in 2D, 26-neighbourhood in 3D: diagonal contacts join objects too. */
    INDIRECT;

    /** The neighbourhood size for {@code dims} spatial dimensions (2 or 3): 4, 6, 8 or 26. */
    public int neighbours(int dims) {
        return this == DIRECT ? 2 * dims : dims == 2 ? 8 : 26;
    }
}
