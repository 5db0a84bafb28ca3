package org.sylva.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sylva.io.ImageFileException;

class NicknameTest {

    /** ilastik's DatasetInfo.create_nickname applied by hand to each case (paths separated by ';'). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/data/cells.tif                               | cells",
            "/data/cells.v2.tif                            | cells.v2",
            "/data/x.TIF                                   | x",
            "/data/noext                                   | noext",
            "/data/.hidden                                 | .hidden",
            "/data/raw.h5/volume/data                      | raw-volume-data",
            "/data/raw.h5//exported_data                   | raw-exported_data",
            "/data/project.ilp/local_data/abc              | project-local_data-abc",
            "/data/img_001.png;/data/img_002.png           | img_00",
            "/data/img_9.png;/data/img_10.png              | img_",
            "/data/a.png;/data/b.png                       | data",
            "/data/t1.h5/vol/a;/data/t2.h5/vol/b           | t-vol-",
            "/a/x1.png;/b/x2.png                           | ''",
    })
    void followsIlastiksCreateNickname(String paths, String nickname) throws ImageFileException {
        assertEquals(nickname, Nickname.of(Arrays.asList(paths.split(";"))));
    }

    @Test
    void relativePathsCountFromTheCurrentFolder() throws ImageFileException {
        assertEquals("cells", Nickname.of("cells.tif"));
        assertEquals("raw-data", Nickname.of("sub/raw.h5/data"));
    }

    @Test
    void globsAndListsAreExpandedFirst(@TempDir Path dir) throws IOException {
        for (String n : List.of("frame_01.png", "frame_02.png", "frame_10.png")) Files.writeString(dir.resolve(n), "");
        assertEquals("frame_", Nickname.of(dir.resolve("frame_*.png").toString()));
        assertEquals("frame_0", Nickname.of(dir.resolve("frame_01.png") + File.pathSeparator + dir.resolve("frame_02.png")));
        assertThrows(ImageFileException.class, () -> Nickname.of(dir.resolve("none_*.png").toString()));
    }

    @Test
    void storedNicknamesLoseStarsAndStackLists() {
        assertEquals("img", Nickname.forExport("img*"));
        assertEquals("b_01", Nickname.forExport("/a/b_01.png" + File.pathSeparator + "/a/b_02.png"));
        assertEquals("cells", Nickname.forExport("cells"));
    }
}
