package org.sylva.project.ilp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One data lane (one image) of a project: its datasets by role, in the project's role order ({@code Role Names});
 * roles the user left empty are absent.
 *
 * @param index the lane's position (0-based; {@code lane0000} is 0)
 * @param roles the datasets by role name
 */
public record IlpLane(int index, Map<String, IlpDataset> roles) {

    /** Pixel Classification's (and Object Classification's) main role. */
    public static final String RAW_DATA = "Raw Data";

    public IlpLane {
        roles = Collections.unmodifiableMap(new LinkedHashMap<>(roles));
    }

    /** The {@code Raw Data} dataset, or null if this lane has none. */
    public IlpDataset raw() {
        return roles.get(RAW_DATA);
    }

    /** The dataset of {@code role}, or null. */
    public IlpDataset role(String role) {
        return roles.get(role);
    }
}
