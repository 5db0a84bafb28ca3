package org.sylva.project;

/**
 * Format 1 → 2. Version 2 added the Object Classification workflow (its {@code objects} section and
 * {@code objects/<lane>.bin} members, docs/project-format.md); Pixel Classification projects are unchanged, so a
 * version-1 document is a valid version-2 document.
 */
final class MigrationV1 implements Migration {

    @Override
    public int from() { return 1; }

    @Override
    public Document apply(Document old) {
        old.manifest().put("version", 2);
        return old;
    }
}
