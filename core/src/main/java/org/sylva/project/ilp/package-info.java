/**
 * Reading ilastik project files ({@code .ilp}, HDF5; spec ilastik-compat §6).
 *
 * <p>{@link org.sylva.project.ilp.IlpReader} reads a Pixel Classification project of ilastik 1.2 to 1.4 into an
 * {@link org.sylva.project.ilp.IlpProject}, assembles a lane's labels and finds a lane's raw data
 * ({@link org.sylva.project.ilp.RawSource}). {@link org.sylva.project.ilp.IlpFile} reads the parts every workflow
 * shares (lanes, feature selection, label classes and blocks, forests, export settings) so that other workflows
 * (Object Classification) can be added by composing them. {@link org.sylva.project.ilp.LaneAxes} holds ilastik's
 * axis-order rules, {@link org.sylva.project.ilp.IlastikVersion} its version ordering.
 * {@link org.sylva.project.ilp.IlpImport} converts a project into a Sylva project, with a report of what could not
 * be carried over. {@link org.sylva.project.ilp.IlpObjectReader} reads Object Classification projects (the three
 * inputs: prediction maps, binary segmentation, label image) into an {@link org.sylva.project.ilp.IlpObjectProject}:
 * lanes, threshold settings, computed and selected object features, classes, object labels, the stored object
 * forest; and what ilastik cached (object ids, object probabilities); {@link org.sylva.project.ilp.IlpObjectImport}
 * converts one into a Sylva Object Classification project, with a report.
 *
 * <p>Where Sylva goes beyond ilastik: a raw-data path that no longer exists is looked for beside the project (with a
 * warning) instead of asking the user; a stored classifier that cannot be used becomes a warning (as in ilastik)
 * rather than a failure; every problem is one line naming the file.
 */
package org.sylva.project.ilp;
