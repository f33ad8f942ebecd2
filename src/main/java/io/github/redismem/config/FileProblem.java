package io.github.redismem.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Why a file could not be read, in the words a user acts on rather than an exception's class name. */
final class FileProblem {
  private FileProblem() {}

  /** @param e what reading it threw, or null when it was not tried */
  static String reason(Path file, IOException e) {
    if (e instanceof NoSuchFileException || !Files.exists(file)) {
      return "no such file";
    }
    if (Files.isDirectory(file)) {
      return "is a directory";
    }
    if (e instanceof AccessDeniedException || !Files.isReadable(file)) {
      return "permission denied";
    }
    if (!Files.isRegularFile(file)) {
      return "not a regular file";
    }
    return e == null ? "unreadable" : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
