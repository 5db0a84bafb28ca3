package org.sylva.project;

import java.nio.file.Path;
import org.sylva.io.ImageFileException;

/**
 * A lane's raw data cannot be used: its file is missing, or the file found is not the one the project was made
 * with. The message names the file and the lane and says what to do (put the file back, or relink the lane).
 */
public class LaneDataException extends ImageFileException {

    private final DataLane.State state;

    /** {@code file} cannot be used as a lane's data, for the reason {@code state}; {@code problem} names the lane. */
    public LaneDataException(Path file, DataLane.State state, String problem) {
        super(file, problem);
        this.state = state;
    }

    /** Why the data cannot be used: {@link DataLane.State#MISSING} or {@link DataLane.State#MISMATCHED}. */
    public DataLane.State state() { return state; }
}
