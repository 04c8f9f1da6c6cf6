/**
 * The only Tollgate code that touches the Pulumi Java SDK. Pulumi is not part of tollgate.jar: these classes are
 * defined again inside the class loader that holds a stack's own classpath (see {@code ProgramLoader}), and
 * everything that crosses back to Tollgate is a JDK type (strings, lists, maps), with the keys in {@link Wire}.
 * {@link TollgateGate} is the exception: it runs inside a program that has tollgate.jar on its own classpath.
 */
package dev.tollgate.pulumi.sdk;
