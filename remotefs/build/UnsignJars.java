import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Build step of remotefs (run by the JDK's single-file launcher from remotefs/pom.xml): removes
 * the JAR signature files from the copied libraries in target/lib. The JVM's class-data sharing
 * leaves out every class of a signed jar (and JDK 17's -Xshare:dump can crash on them), while
 * the Azure SDK's jars are signed. The classes are unchanged; a signature on the class path
 * protects nothing here (the image is verified as a whole by its digest in the security policy).
 */
public final class UnsignJars {
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.jar")) {
      for (Path jar : jars) {
        unsign(jar);
      }
    }
  }

  private static void unsign(Path jar) throws IOException {
    try (FileSystem zip =
        FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
      Path metaInf = zip.getPath("/META-INF");
      if (!Files.isDirectory(metaInf)) {
        return;
      }
      List<Path> signatures = new ArrayList<>();
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(metaInf)) {
        for (Path entry : entries) {
          if (isSignatureFile(entry.getFileName().toString())) {
            signatures.add(entry);
          }
        }
      }
      for (Path signature : signatures) {
        Files.delete(signature);
      }
      if (!signatures.isEmpty()) {
        System.out.println("unsigned " + jar.getFileName());
      }
    }
  }

  private static boolean isSignatureFile(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    return upper.endsWith(".SF")
        || upper.endsWith(".RSA")
        || upper.endsWith(".DSA")
        || upper.endsWith(".EC")
        || upper.startsWith("SIG-");
  }
}
