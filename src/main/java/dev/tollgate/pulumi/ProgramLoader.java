package dev.tollgate.pulumi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a stack's program and the Pulumi SDK come from.
 *
 * <p>{@link #isolated} puts the stack's own classpath (its classes, the SDK, its providers) in a class loader of its
 * own, beside Tollgate rather than under it, so tollgate.jar carries no Pulumi and no version of it can clash with the
 * stack's. Tollgate's {@code dev.tollgate.pulumi.sdk} classes are defined once more inside that loader, where they
 * link against the stack's SDK. {@link #shared} uses the caller's class loader, for tests whose classpath already
 * holds the stacks and the SDK.
 */
public final class ProgramLoader implements AutoCloseable {
    static final String SDK_PACKAGE = "dev.tollgate.pulumi.sdk.";
    static final String CONTEXT_TYPE = "com.pulumi.Context";

    private final ClassLoader programs;
    private final ClassLoader sdk;
    private final URLClassLoader owned;

    private ProgramLoader(ClassLoader programs, ClassLoader sdk, URLClassLoader owned) {
        this.programs = programs;
        this.sdk = sdk;
        this.owned = owned;
    }

    public static ProgramLoader isolated(List<Path> classpath) {
        var urls = new URL[classpath.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = classpath.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new PulumiException("bad classpath entry " + classpath.get(i) + ": " + e.getMessage());
            }
        }
        var stack = new URLClassLoader("pulumi-stack", urls, ClassLoader.getPlatformClassLoader());
        return new ProgramLoader(stack, new SdkBridge(stack, ProgramLoader.class.getClassLoader()), stack);
    }

    public static ProgramLoader shared() {
        var loader = ProgramLoader.class.getClassLoader();
        return new ProgramLoader(loader, loader, null);
    }

    ClassLoader sdk() {
        return sdk;
    }

    /**
     * The program: the one {@code public static void m(com.pulumi.Context)} among the project's classes. A Pulumi Java
     * program hands such a method to {@code Pulumi.run} in {@code main}; Tollgate calls it directly.
     */
    public Method entryPoint(PulumiProject project) {
        var sources = project.dir().resolve("src/main/java");
        if (!Files.isDirectory(sources)) {
            throw new PulumiException(project.dir() + " has no src/main/java: Tollgate runs Maven-layout Java programs");
        }
        var found = new ArrayList<Method>();
        for (var className : classNames(sources)) {
            Class<?> type;
            try {
                type = Class.forName(className, false, programs);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new PulumiException(className + " (from " + sources + ") is not compiled or does not load: " + e
                        + "; build the stack first (mvn compile)");
            }
            for (var m : type.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers())
                        && Modifier.isPublic(type.getModifiers())
                        && m.getReturnType() == void.class && m.getParameterCount() == 1
                        && m.getParameterTypes()[0].getName().equals(CONTEXT_TYPE)) {
                    found.add(m);
                }
            }
        }
        if (found.isEmpty()) {
            throw new PulumiException(project.dir() + ": no public static void method taking com.pulumi.Context in "
                    + sources + "; write the program as `public static void stack(Context ctx)` and call "
                    + "`Pulumi.run(App::stack)` from main, so Tollgate can run it without the Pulumi engine");
        }
        if (found.size() > 1) {
            throw new PulumiException(project.dir() + ": several methods could be the program ("
                    + String.join(", ", found.stream().map(m -> m.getDeclaringClass().getName() + "." + m.getName()).toList())
                    + "); keep one public static void method taking com.pulumi.Context");
        }
        return found.get(0);
    }

    private static List<String> classNames(Path sources) {
        try (var files = Files.walk(sources)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .map(p -> sources.relativize(p).toString())
                    .filter(p -> !p.endsWith("package-info.java") && !p.endsWith("module-info.java"))
                    .map(p -> p.substring(0, p.length() - ".java".length()).replace('/', '.').replace('\\', '.'))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (owned == null) return;
        try {
            owned.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Child-first for Tollgate's SDK classes only: defines {@code dev.tollgate.pulumi.sdk.*} from Tollgate's own class
     * files, so they resolve Pulumi through the stack's loader; everything else goes to the stack's loader.
     */
    static final class SdkBridge extends ClassLoader {
        private final ClassLoader tollgate;

        SdkBridge(ClassLoader stack, ClassLoader tollgate) {
            super("tollgate-pulumi-sdk", stack);
            this.tollgate = tollgate;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(SDK_PACKAGE)) return super.loadClass(name, resolve);
            synchronized (getClassLoadingLock(name)) {
                var type = findLoadedClass(name);
                if (type == null) {
                    var path = name.replace('.', '/') + ".class";
                    try (var in = tollgate.getResourceAsStream(path)) {
                        if (in == null) throw new ClassNotFoundException(name);
                        var bytes = in.readAllBytes();
                        type = defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                if (resolve) resolveClass(type);
                return type;
            }
        }
    }
}
