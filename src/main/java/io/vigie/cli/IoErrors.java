package io.vigie.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Says what went wrong with a file in words: the JDK's file-system exceptions often carry only the
 * path as their message ("/proc/nope"), which tells a person nothing.
 */
final class IoErrors {
  private IoErrors() {}

  static String describe(IOException e) {
    if (e instanceof FileSystemException f) {
      String what =
          e instanceof NoSuchFileException
              ? "no such file or directory"
              : e instanceof AccessDeniedException
                  ? "permission denied"
                  : e instanceof FileAlreadyExistsException
                      ? "already exists"
                      : e instanceof NotDirectoryException
                          ? "not a directory"
                          : e instanceof DirectoryNotEmptyException
                              ? "directory not empty"
                              : f.getReason() != null
                                  ? f.getReason()
                                  : e.getClass().getSimpleName();
      return (f.getFile() == null ? "" : f.getFile() + ": ") + what;
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
