package dev.llmlens.agent;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.channels.Channels;
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
    file.seek(centralOffset);
    InputStream central = new BufferedInputStream(Channels.newInputStream(file.getChannel()), CHUNK);
    byte[] header = new byte[CENTRAL_SIZE];
    byte[] name = new byte[0xFFFF];
    for (int entry = 0; entry < entries; entry++) {
      readFully(central, header, CENTRAL_SIZE);
      if (s32(header, 0) != CENTRAL_SIGNATURE) {
        throw unsupported("central directory entry " + entry + " has no signature");
      }
      int nameLength = u16(header, 28);
      readFully(central, name, nameLength);
      skipFully(central, u16(header, 30) + u16(header, 32));
      if (!isClassOfTheAgent(name, nameLength)) {
        continue;
      }
      int method = u16(header, 10);
      if ((u16(header, 8) & ENCRYPTED) != 0 || (method != STORED && method != DEFLATED)) {
        throw unsupported(new String(name, 0, nameLength, "UTF-8") + " is encrypted or compressed by method " + method);
      }
      keys[classes] = key(name, nameLength);
      crcs[classes] = s32(header, 16);
      deflatedSizes[classes] = s32(header, 20);
      sizes[classes] = s32(header, 24);
      localHeaders[classes] = s32(header, 42);
      deflated[classes] = method == DEFLATED;
      if (sizes[classes] < 0 || deflatedSizes[classes] < 0 || localHeaders[classes] < 0) {
        throw unsupported("a ZIP64 entry");
      }
      classes++;
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

  private static boolean isClassOfTheAgent(byte[] name, int length) {
    if (length <= PREFIX.length() + SUFFIX.length()) {
      return false;
    }
    for (int i = 0; i < PREFIX.length(); i++) {
      if (name[i] != PREFIX.charAt(i)) {
        return false;
      }
    }
    for (int i = 0; i < SUFFIX.length(); i++) {
      if (name[length - SUFFIX.length() + i] != SUFFIX.charAt(i)) {
        return false;
      }
    }
    for (int i = 0; i < length; i++) {
      if (name[i] < 0) {
        return false; // not ASCII: never a name this loader is asked for
      }
    }
    return true;
  }

  /**
   * Two 32-bit hashes of the entry name (polynomial and FNV-1a) in one key, so that a class is
   * found without keeping its name; the local header's name is checked at each read.
   */
  private static long key(byte[] name, int length) {
    int polynomial = 0;
    int fnv = 0x811C9DC5;
    for (int i = 0; i < length; i++) {
      polynomial = 31 * polynomial + name[i];
      fnv = (fnv ^ name[i]) * 0x01000193;
    }
    return ((long) polynomial << 32) | (fnv & 0xFFFFFFFFL) | 1L;
  }

  /** The key of {@code className}'s entry name, without building it; 0 for a name that is not ASCII. */
  private static long key(String className) {
    int polynomial = 0;
    int fnv = 0x811C9DC5;
    int length = className.length();
    for (int i = 0; i < length + SUFFIX.length(); i++) {
      char c = i < length ? className.charAt(i) : SUFFIX.charAt(i - length);
      if (c > 0x7F) {
        return 0;
      }
      byte b = (byte) (c == '.' && i < length ? '/' : c);
      polynomial = 31 * polynomial + b;
      fnv = (fnv ^ b) * 0x01000193;
    }
    return ((long) polynomial << 32) | (fnv & 0xFFFFFFFFL) | 1L;
  }

  private static boolean names(byte[] bytes, int offset, String className) {
    int length = className.length();
    for (int i = 0; i < length; i++) {
      char c = className.charAt(i);
      if (bytes[offset + i] != (c == '.' ? '/' : c)) {
        return false;
      }
    }
    for (int i = 0; i < SUFFIX.length(); i++) {
      if (bytes[offset + length + i] != SUFFIX.charAt(i)) {
        return false;
      }
    }
    return true;
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

  private static void readFully(InputStream in, byte[] into, int length) throws IOException {
    for (int done = 0, n; done < length; done += n) {
      if ((n = in.read(into, done, length - done)) < 0) {
        throw new EOFException("the central directory ends early");
      }
    }
  }

  private static void skipFully(InputStream in, long count) throws IOException {
    for (long left = count; left > 0; ) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw new EOFException("the central directory ends early");
        }
        skipped = 1;
      }
      left -= skipped;
    }
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
