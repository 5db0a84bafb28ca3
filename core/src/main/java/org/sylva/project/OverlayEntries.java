package org.sylva.project;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** A migration's view of a project's members: some hidden, some added (computed in memory), the rest as stored. */
final class OverlayEntries implements Entries {

    private final Entries base;
    private final Map<String, byte[]> added;
    private final List<String> names;
    private final java.util.Set<String> nameSet;

    OverlayEntries(Entries base, Map<String, byte[]> added, List<String> hidden) {
        this.base = base;
        this.added = Map.copyOf(added);
        List<String> n = new ArrayList<>();
        for (String s : base.names()) if (!hidden.contains(s) && !added.containsKey(s)) n.add(s);
        n.addAll(added.keySet());
        this.names = Collections.unmodifiableList(n);
        this.nameSet = new java.util.HashSet<>(n);
    }

    @Override
    public Path file() { return base.file(); }

    @Override
    public List<String> names() { return names; }

    @Override
    public boolean has(String name) { return nameSet.contains(name); }

    @Override
    public byte[] read(String name, long max) throws IOException {
        byte[] a = added.get(name);
        if (a == null) {
            if (!nameSet.contains(name)) throw new ProjectFormatException(file(), name + ": missing from the project file");
            return base.read(name, max);
        }
        if (a.length > max) {
            throw new ProjectFormatException(file(), name + ": holds more than the " + max + " bytes it can hold here");
        }
        return a.clone();
    }

    @Override
    public void copyTo(String name, Path target) throws IOException {
        byte[] a = added.get(name);
        if (a == null) base.copyTo(name, target); else Files.write(target, a);
    }

    @Override
    public void close() throws IOException { base.close(); }
}
