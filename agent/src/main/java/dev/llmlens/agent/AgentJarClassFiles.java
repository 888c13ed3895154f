package dev.llmlens.agent;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The agent jar's class files under {@code dev/llmlens/}, read straight from their place in the
 * jar into the caller's buffer.
 *
 * <p>Why not {@link java.util.jar.JarFile}: for every entry it inflates, it allocates an input
 * buffer as large as the entry's <em>inflated</em> size (up to 64 KB; JDK 17 and earlier, while JDK
 * 25 sizes it by the deflated bytes), to hold its deflated bytes.
 * The agent's loader reads about 2,300 classes in a process that makes an LLM call, and these
 * buffers were the largest part of what the agent's threads allocated at start-up (8 to 10 MB,
 * lab notes), which grows the application's young generation and so its resident memory. Here
 * the deflated bytes go through a few pooled 8 KB buffers and inflaters instead, and a class
 * costs no garbage at all.
 *
 * <p>The entries' places come from the jar's central directory, read once; the index keeps only
 * numbers (about 200 KB for the agent's 5,350 classes). Each read checks the entry's local header
 * names the class it was looked up for, and the inflated bytes against the entry's CRC-32.
 */
final class AgentJarClassFiles implements Closeable {

  private static final String PREFIX = "dev/llmlens/";
  private static final String SUFFIX = ".class";
  private static final int END_SIGNATURE = 0x06054b50;
  private static final int END_SIZE = 22;
  private static final int LONGEST_COMMENT = 0xFFFF;
  private static final int CENTRAL_SIGNATURE = 0x02014b50;
  private static final int CENTRAL_SIZE = 46;
  private static final int LOCAL_SIGNATURE = 0x04034b50;
  private static final int LOCAL_SIZE = 30;
  private static final int STORED = 0;
  private static final int DEFLATED = 8;
  private static final int ENCRYPTED = 1;
  private static final int CHUNK = 8 * 1024;
  private static final int SPARE_READERS = 4;
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private final RandomAccessFile file;
  private final String path;
  /** Open addressing: entry number + 1 per slot, 0 when empty. */
  private final int[] slots;
  private final long[] keys;
  private final int[] localHeaders;
  private final int[] deflatedSizes;
  private final int[] sizes;
  private final int[] crcs;
  private final boolean[] deflated;
  private final AtomicReferenceArray<Reader> spareReaders = new AtomicReferenceArray<Reader>(SPARE_READERS);

  /**
   * Reads the central directory of {@code jar}. Throws, naming what it met, for a jar it does not
   * read: ZIP64 (more than 65,535 entries or 4 GB), split, encrypted, or compressed other than by
   * deflate; the JDK's {@code JarFile} reads those.
   */
  static AgentJarClassFiles open(File jar) throws IOException {
    RandomAccessFile file = new RandomAccessFile(jar, "r");
    try {
      return new AgentJarClassFiles(file, jar.getPath());
    } catch (IOException | RuntimeException notRead) {
      file.close();
      throw notRead;
    }
  }

  private AgentJarClassFiles(RandomAccessFile file, String path) throws IOException {
    this.file = file;
    this.path = path;
    long length = file.length();
    byte[] end = endRecord(length);
    int entries = u16(end, 10);
    long centralSize = u32(end, 12);
    long centralOffset = u32(end, 16);
    if (u16(end, 4) != 0 || u16(end, 6) != 0 || entries == 0xFFFF || centralOffset == 0xFFFFFFFFL
        || centralOffset + centralSize > length) {
      throw unsupported("a ZIP64 or split archive, or a central directory outside the file");
    }
    long[] keys = new long[entries];
    int[] localHeaders = new int[entries];
    int[] deflatedSizes = new int[entries];
    int[] sizes = new int[entries];
    int[] crcs = new int[entries];
    boolean[] deflated = new boolean[entries];
    int classes = 0;
    // In one read, and parsed in place: this runs in premain, on the application's main thread,
    // interpreted; entry by entry through a stream it took 9 ms.
    byte[] central = new byte[(int) centralSize];
    if (readAt(centralOffset, central, 0, central.length) != central.length) {
      throw unsupported("a central directory the file ends inside");
    }
    for (int entry = 0, at = 0; entry < entries; entry++) {
      if (at + CENTRAL_SIZE > central.length || s32(central, at) != CENTRAL_SIGNATURE) {
        throw unsupported("central directory entry " + entry + " has no signature");
      }
      int nameLength = u16(central, at + 28);
      int name = at + CENTRAL_SIZE;
      int next = name + nameLength + u16(central, at + 30) + u16(central, at + 32);
      if (next > central.length) {
        throw unsupported("central directory entry " + entry + " runs past the directory");
      }
      long key = isClassOfTheAgent(central, name, nameLength) ? key(central, name, nameLength) : 0;
      if (key != 0) {
        int method = u16(central, at + 10);
        if ((u16(central, at + 8) & ENCRYPTED) != 0 || (method != STORED && method != DEFLATED)) {
          throw unsupported(new String(central, name, nameLength, "UTF-8") + " is encrypted or compressed by method " + method);
        }
        keys[classes] = key;
        crcs[classes] = s32(central, at + 16);
        deflatedSizes[classes] = s32(central, at + 20);
        sizes[classes] = s32(central, at + 24);
        localHeaders[classes] = s32(central, at + 42);
        deflated[classes] = method == DEFLATED;
        if (sizes[classes] < 0 || deflatedSizes[classes] < 0 || localHeaders[classes] < 0) {
          throw unsupported("a ZIP64 entry");
        }
        classes++;
      }
      at = next;
    }
    this.keys = keys;
    this.localHeaders = localHeaders;
    this.deflatedSizes = deflatedSizes;
    this.sizes = sizes;
    this.crcs = crcs;
    this.deflated = deflated;
    this.slots = new int[Integer.highestOneBit(Math.max(classes, 1) * 2) * 2];
    for (int entry = 0; entry < classes; entry++) {
      int slot = firstSlot(keys[entry]);
      while (slots[slot] != 0) {
        if (keys[slots[slot] - 1] == keys[entry]) {
          throw unsupported("two class files with one 64-bit key (or twice the same name)");
        }
        slot = (slot + 1) & (slots.length - 1);
      }
      slots[slot] = entry + 1;
    }
  }

  /** The entry of class {@code className}, or -1 when the jar has no such class under {@code dev/llmlens/}. */
  int find(String className) {
    long key = key(className);
    if (key == 0) {
      return -1;
    }
    for (int slot = firstSlot(key); slots[slot] != 0; slot = (slot + 1) & (slots.length - 1)) {
      if (keys[slots[slot] - 1] == key) {
        return slots[slot] - 1;
      }
    }
    return -1;
  }

  /** The class file's size in bytes. */
  int size(int entry) {
    return sizes[entry];
  }

  /** Reads the class file of {@code entry}, found for {@code className}, into {@code into}, from 0. */
  void read(int entry, String className, byte[] into) throws IOException {
    Reader reader = takeReader();
    try {
      reader.read(entry, className, into);
    } finally {
      giveBack(reader);
    }
  }

  @Override
  public void close() throws IOException {
    file.close();
  }

  /** Deflated bytes and an inflater, for one read at a time. */
  private final class Reader {
    private final byte[] chunk = new byte[CHUNK];
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();

    void read(int entry, String className, byte[] into) throws IOException {
      int size = sizes[entry];
      int left = deflatedSizes[entry];
      long at = localHeaders[entry] & 0xFFFFFFFFL;
      int nameLength = className.length() + SUFFIX.length();
      int got = readAt(at, chunk, 0, (int) Math.min(CHUNK, LOCAL_SIZE + nameLength + (long) left));
      if (got < LOCAL_SIZE + nameLength || s32(chunk, 0) != LOCAL_SIGNATURE || u16(chunk, 26) != nameLength
          || !names(chunk, LOCAL_SIZE, className)) {
        throw corrupt(className, "its local header does not name it");
      }
      // The entry's bytes start in this chunk, or (after a long extra field) beyond it.
      int dataStart = LOCAL_SIZE + nameLength + u16(chunk, 28);
      int start = Math.min(dataStart, got);
      int inChunk = Math.min(got - start, left);
      at += dataStart + inChunk;
      left -= inChunk;
      if (deflated[entry]) {
        inflate(className, size, start, inChunk, left, at, into);
      } else {
        if (inChunk + left != size) {
          throw corrupt(className, "a stored entry's sizes differ");
        }
        System.arraycopy(chunk, start, into, 0, inChunk);
        if (left > 0 && readAt(at, into, inChunk, left) != left) {
          throw corrupt(className, "the jar ends inside it");
        }
      }
      crc.reset();
      crc.update(into, 0, size);
      if ((int) crc.getValue() != crcs[entry]) {
        throw corrupt(className, "its CRC-32 does not match");
      }
    }

    private void inflate(String className, int size, int start, int inChunk, int left, long at, byte[] into)
        throws IOException {
      inflater.reset();
      inflater.setInput(chunk, start, inChunk);
      int done = 0;
      try {
        while (done < size) {
          int inflated = inflater.inflate(into, done, size - done);
          done += inflated;
          if (inflated == 0 && inflater.needsInput()) {
            if (left == 0) {
              throw corrupt(className, "its deflated bytes end early");
            }
            int next = readAt(at, chunk, 0, Math.min(CHUNK, left));
            if (next <= 0) {
              throw corrupt(className, "the jar ends inside it");
            }
            at += next;
            left -= next;
            inflater.setInput(chunk, 0, next);
          } else if (inflated == 0 && (inflater.finished() || inflater.needsDictionary())) {
            throw corrupt(className, "it inflates to fewer bytes than its entry says");
          }
        }
      } catch (DataFormatException malformed) {
        throw corrupt(className, malformed.getMessage());
      }
    }
  }

  /** Positioned reads share the file: seek and read under its lock. */
  private int readAt(long position, byte[] into, int offset, int length) throws IOException {
    synchronized (file) {
      file.seek(position);
      int done = 0;
      for (int n; done < length && (n = file.read(into, offset + done, length - done)) > 0; ) {
        done += n;
      }
      return done;
    }
  }

  private Reader takeReader() {
    for (int slot = 0; slot < SPARE_READERS; slot++) {
      Reader spare = spareReaders.getAndSet(slot, null);
      if (spare != null) {
        return spare;
      }
    }
    return new Reader();
  }

  private void giveBack(Reader reader) {
    for (int slot = 0; slot < SPARE_READERS; slot++) {
      if (spareReaders.compareAndSet(slot, null, reader)) {
        return;
      }
    }
    reader.inflater.end();
  }

  /** The end of central directory record; without a comment it is the file's last 22 bytes. */
  private byte[] endRecord(long length) throws IOException {
    int tail = (int) Math.min(length, END_SIZE);
    byte[] end = new byte[tail];
    if (tail == END_SIZE && readAt(length - END_SIZE, end, 0, END_SIZE) == END_SIZE && s32(end, 0) == END_SIGNATURE) {
      return end;
    }
    tail = (int) Math.min(length, END_SIZE + LONGEST_COMMENT);
    byte[] last = new byte[tail];
    if (readAt(length - tail, last, 0, tail) == tail) {
      for (int at = tail - END_SIZE; at >= 0; at--) {
        if (s32(last, at) == END_SIGNATURE) {
          byte[] found = new byte[END_SIZE];
          System.arraycopy(last, at, found, 0, END_SIZE);
          return found;
        }
      }
    }
    throw unsupported("no end of central directory record");
  }

  private static boolean isClassOfTheAgent(byte[] bytes, int name, int length) {
    if (length <= PREFIX.length() + SUFFIX.length()) {
      return false;
    }
    for (int i = 0; i < PREFIX.length(); i++) {
      if (bytes[name + i] != PREFIX.charAt(i)) {
        return false;
      }
    }
    for (int i = 0; i < SUFFIX.length(); i++) {
      if (bytes[name + length - SUFFIX.length() + i] != SUFFIX.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * A 64-bit hash (FNV-1a) of the entry name, so that a class is found without keeping its name;
   * the local header's name is checked at each read, and two names with one key are refused. 0
   * for a name that is not ASCII, never one this loader is asked for.
   */
  private static long key(byte[] bytes, int name, int length) {
    long hash = FNV_OFFSET;
    for (int i = 0; i < length; i++) {
      byte b = bytes[name + i];
      if (b < 0) {
        return 0;
      }
      hash = (hash ^ b) * FNV_PRIME;
    }
    return hash == 0 ? 1 : hash;
  }

  /** The key of {@code className}'s entry name, without building it; 0 for a name that is not ASCII. */
  private static long key(String className) {
    long hash = FNV_OFFSET;
    for (int i = 0; i < className.length() + SUFFIX.length(); i++) {
      char c = entryNameChar(className, i);
      if (c > 0x7F) {
        return 0;
      }
      hash = (hash ^ (byte) c) * FNV_PRIME;
    }
    return hash == 0 ? 1 : hash;
  }

  /** Whether {@code bytes} hold, from {@code offset}, the entry name of {@code className}. */
  private static boolean names(byte[] bytes, int offset, String className) {
    for (int i = 0; i < className.length() + SUFFIX.length(); i++) {
      if (bytes[offset + i] != entryNameChar(className, i)) {
        return false;
      }
    }
    return true;
  }

  /** Character {@code i} of {@code className}'s entry name ({@code a/b/C.class}), not built. */
  private static char entryNameChar(String className, int i) {
    int length = className.length();
    if (i >= length) {
      return SUFFIX.charAt(i - length);
    }
    char c = className.charAt(i);
    return c == '.' ? '/' : c;
  }

  private int firstSlot(long key) {
    return (int) (key ^ (key >>> 32)) & (slots.length - 1);
  }

  private IOException unsupported(String what) {
    return new IOException(path + " is not a jar whose classes the agent reads itself (" + what
        + "); it accepts a jar with up to 65,535 entries, stored or deflated");
  }

  private IOException corrupt(String className, String why) {
    return new IOException(className + " cannot be read from " + path + ": " + why);
  }

  private static int u16(byte[] bytes, int at) {
    return (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8;
  }

  private static long u32(byte[] bytes, int at) {
    return s32(bytes, at) & 0xFFFFFFFFL;
  }

  private static int s32(byte[] bytes, int at) {
    return (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8 | (bytes[at + 2] & 0xFF) << 16 | (bytes[at + 3] & 0xFF) << 24;
  }
}
