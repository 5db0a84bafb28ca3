/**
 * Pixel Classification projects and their {@code .sylva} files (format: docs/project-format.md).
 *
 * <ul>
 *   <li>{@link org.sylva.project.SylvaProject} — the whole project as an immutable value: lanes, labels, feature
 *       selection, classes, seed and tree count, the trained forest with what it was trained on, export
 *       settings.</li>
 *   <li>{@link org.sylva.project.DataLane} — a reference to one image's raw data (relative path, shape, axes, type,
 *       {@link org.sylva.project.Fingerprint}), never the pixels; it knows whether the data is
 *       {@linkplain org.sylva.project.DataLane#status() available} and reads it.</li>
 *   <li>{@link org.sylva.project.SparseLabels} — a lane's labels in 64-pixel blocks, only the labelled ones;
 *       immutable, with the edits a painting UI needs.</li>
 *   <li>{@link org.sylva.project.ProjectFile} — {@code read} (checked, with warnings, old versions migrated) and
 *       {@code write} (atomic, with one backup and a check against overwriting someone else's save).</li>
 * </ul>
 */
package org.sylva.project;
