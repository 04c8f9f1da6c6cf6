package dev.tollgate.pulumi.sdk;

/**
 * Keys of the maps {@link MockPreview#run} returns. Plain JDK values only, because the caller lives in
 * another class loader and cannot see Pulumi's types.
 */
public final class Wire {
    private Wire() {}

    // run(...) result
    public static final String RESOURCES = "resources";
    public static final String INVOKES = "invokes";
    public static final String OUTPUTS = "outputs";
    public static final String EXIT_CODE = "exitCode";
    public static final String ERRORS = "errors";
    public static final String EXCEPTIONS = "exceptions";
    public static final String LOG = "log";

    // one registered or read resource
    public static final String OPERATION = "operation";
    public static final String REGISTER = "register";
    public static final String READ = "read";
    public static final String TYPE = "type";
    public static final String NAME = "name";
    public static final String URN = "urn";
    public static final String ID = "id";
    public static final String PARENT = "parent";
    public static final String CUSTOM = "custom";
    public static final String PROVIDER = "provider";
    public static final String DEPENDENCIES = "dependencies";
    public static final String PROPERTY_DEPENDENCIES = "propertyDependencies";
    /** The inputs as Pulumi's wire JSON: unknowns as the unknown sentinel, secrets as signed objects. */
    public static final String INPUTS = "inputs";
    public static final String PROTECT = "protect";
    public static final String IGNORE_CHANGES = "ignoreChanges";
    public static final String PACKAGE_VERSION = "version";
    /** The output properties the resource's type declares, which the provider fills in on create. */
    public static final String OUTPUT_PROPERTIES = "outputProperties";

    // one invoke
    public static final String TOKEN = "token";
    public static final String ARGS = "args";

    // one stack output
    public static final String KNOWN = "known";
    public static final String SECRET = "secret";
    public static final String VALUE = "value";
}
