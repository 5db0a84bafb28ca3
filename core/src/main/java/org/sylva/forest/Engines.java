package org.sylva.forest;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;

/**
 * Chooses the prediction engine. {@link PacketForest} needs the {@code jdk.incubator.vector} module (JVM option
 * {@code --add-modules jdk.incubator.vector}); it is reached by reflection so that this package still loads, and
 * predicts with the scalar {@link CompiledForest}, without it. {@code -Dsylva.scalar=true} (as for the features) or
 * {@code -Dsylva.forest.engine=walk} forces the scalar engine.
 */
final class Engines {

    private Engines() {}

    /** The vector engine for this forest, or null when it is unavailable, disabled, or cannot take this forest. */
    static ForestEngine packets(int features, int classes, List<DecisionTree> trees) {
        Method compile = Holder.COMPILE;
        if (compile == null) return null;
        try {
            return (ForestEngine) compile.invoke(null, features, classes, trees);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw new IllegalStateException(cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Resolves {@code PacketForest.compile} once. */
    private static final class Holder {
        static final Method COMPILE = load();

        private static Method load() {
            if (Boolean.getBoolean("sylva.scalar") || "walk".equals(System.getProperty("sylva.forest.engine"))) {
                return null;
            }
            try {
                Class.forName("jdk.incubator.vector.FloatVector");
                Method m = Class.forName("org.sylva.forest.PacketForest")
                        .getDeclaredMethod("compile", int.class, int.class, List.class);
                m.setAccessible(true);
                return m;
            } catch (ReflectiveOperationException | LinkageError e) {
                return null;
            }
        }
    }
}
