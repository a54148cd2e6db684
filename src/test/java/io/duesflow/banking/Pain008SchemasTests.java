package io.duesflow.banking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Pain008SchemasTests {

    @TempDir
    Path folder;

    private Path written(Pain008Version version) throws IOException {
        Path file = folder.resolve(version.messageName() + ".xml");
        try (var out = Files.newOutputStream(file)) {
            Pain008Writer.write(SepaSamples.file(true), version, out);
        }
        return file;
    }

    @Test
    void problemsSayWhatIsWrongAndOnWhichLineAndColumn() throws IOException {
        Path file = written(Pain008Version.V08);
        List<String> lines = Files.readAllLines(file);
        int blockLine = lines.indexOf(lines.stream().filter(line -> line.startsWith("<PmtInf>")).findFirst().orElseThrow()) + 1;
        Files.writeString(file, Files.readString(file).replaceFirst("<PmtMtd>DD</PmtMtd>", "<PmtMtd>XX</PmtMtd>"));

        List<SchemaProblem> problems = Pain008Schemas.problems(file, Pain008Version.V08);

        assertThat(problems).isNotEmpty();
        assertThat(problems.get(0).line()).isEqualTo(blockLine);
        assertThat(problems.get(0).column()).isPositive();
        assertThat(problems).anySatisfy(problem -> assertThat(problem.message()).contains("XX"));
    }

    @Test
    void requireValidThrowsTheProblems() throws IOException {
        Path file = written(Pain008Version.V02);
        Files.writeString(file, Files.readString(file).replace("<SeqTp>RCUR</SeqTp>", "<SeqTp>RPRE</SeqTp>"));

        assertThatThrownBy(() -> Pain008Schemas.requireValid(file, Pain008Version.V02))
                .isInstanceOf(SchemaViolationException.class)
                .hasMessageContaining("pain.008.001.02 file does not match its schema")
                .satisfies(e -> assertThat(((SchemaViolationException) e).problems())
                        .anySatisfy(problem -> assertThat(problem.message()).contains("RPRE")));
    }

    @Test
    void fileThatIsNotWellFormedIsAProblemNotACrash() throws IOException {
        Path file = folder.resolve("broken.xml");
        Files.writeString(file, "<?xml version=\"1.0\"?>\n<Document xmlns=\"" + Pain008Version.V08.namespace()
                + "\"><CstmrDrctDbtInitn>\n<GrpHdr>");

        List<SchemaProblem> problems = Pain008Schemas.problems(file, Pain008Version.V08);

        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).line()).isEqualTo(3);
    }

    @Test
    void externalEntitiesAreNotResolved() throws IOException {
        Path secret = folder.resolve("secret.txt");
        Files.writeString(secret, "DUESFLOW-SECRET");
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE Document [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<Document xmlns=\"" + Pain008Version.V08.namespace() + "\">&x;</Document>";

        List<SchemaProblem> problems = Pain008Schemas.problems(
                new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), Pain008Version.V08);

        assertThat(problems).isNotEmpty().noneSatisfy(problem -> assertThat(problem.message()).contains("DUESFLOW-SECRET"));
    }

    @Test
    void fileOfOneVersionDoesNotMatchTheOtherVersionsSchema() throws IOException {
        Path file = written(Pain008Version.V08);

        assertThat(Pain008Schemas.problems(file, Pain008Version.V02)).isNotEmpty();
    }

    @Test
    void versionIsReadFromTheRootNamespace() throws IOException {
        assertThat(Pain008Schemas.versionOf(written(Pain008Version.V02))).isEqualTo(Pain008Version.V02);
        assertThat(Pain008Schemas.versionOf(written(Pain008Version.V08))).isEqualTo(Pain008Version.V08);
        assertThatThrownBy(() -> Pain008Version.ofNamespace("urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void schemasAreCompiledOnceAndShared() {
        assertThat(Pain008Schemas.schema(Pain008Version.V08)).isSameAs(Pain008Schemas.schema(Pain008Version.V08));
        assertThat(Pain008Schemas.schema(Pain008Version.V02)).isNotSameAs(Pain008Schemas.schema(Pain008Version.V08));
    }

    @Test
    void severalThreadsCheckFilesAtOnce() throws Exception {
        Path valid = written(Pain008Version.V08);
        Path invalid = folder.resolve("invalid.xml");
        Files.writeString(invalid, Files.readString(valid).replace("<ChrgBr>SLEV</ChrgBr>", "<ChrgBr>NONE</ChrgBr>"));
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<SchemaProblem>>> checks = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Path file = i % 2 == 0 ? valid : invalid;
                checks.add(threads.submit(() -> Pain008Schemas.problems(file, Pain008Version.V08)));
            }
            for (int i = 0; i < checks.size(); i++) {
                if (i % 2 == 0) {
                    assertThat(checks.get(i).get()).isEmpty();
                } else {
                    // Two blocks, each with NONE, which breaks both the enumeration and the element's type.
                    assertThat(checks.get(i).get()).hasSize(4)
                            .allSatisfy(problem -> assertThat(problem.message()).contains("NONE"));
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
