package dev.custody.plugins.ocsf.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The validator is only worth its passes if it fails what OCSF 1.1.0 refuses: each rule, shown once. */
class OcsfValidatorTest {

    private static final OcsfValidator VALIDATOR = new OcsfValidator(OcsfSchema.v110());
    private final ObjectMapper mapper = new ObjectMapper();

    /** A minimal API Activity that OCSF 1.1.0 accepts. */
    private ObjectNode apiActivity() throws Exception {
        return (ObjectNode) mapper.readTree("""
                {"class_uid":6003,"category_uid":6,"activity_id":2,"type_uid":600302,"severity_id":1,"time":1796033730123,
                 "metadata":{"version":"1.1.0","product":{"name":"Custody","vendor_name":"Custody"}},
                 "actor":{"user":{"uid":"alice","type_id":1,"type":"User"}},
                 "api":{"operation":"document.read"},
                 "src_endpoint":{"svc_name":"billing"}}""");
    }

    /** A minimal Entity Management Delete with the host profile its actor needs. */
    private ObjectNode entityManagement() throws Exception {
        return (ObjectNode) mapper.readTree("""
                {"class_uid":3004,"category_uid":3,"activity_id":4,"type_uid":300404,"severity_id":1,"time":1796033730123,
                 "metadata":{"version":"1.1.0","profiles":["host"],"product":{"name":"Custody","vendor_name":"Custody"}},
                 "actor":{"user":{"uid":"dpo"}},
                 "entity":{"uid":"hmac-sha256:ab","type":"data_subject"}}""");
    }

    private OcsfValidator.Result validate(ObjectNode event, Consumer<ObjectNode> change) {
        change.accept(event);
        return VALIDATOR.validate(event);
    }

    @Test
    void minimalEventsPass() throws Exception {
        assertThat(VALIDATOR.validate(apiActivity()).violations()).isEmpty();
        assertThat(VALIDATOR.validate(entityManagement()).violations()).isEmpty();
    }

    @Test
    void anEmptySrcEndpoint_violatesNetworkEndpointsAtLeastOne() throws Exception {
        assertThat(validate(apiActivity(), e -> e.putObject("src_endpoint")).violations())
                .containsExactly("src_endpoint: network_endpoint needs at least one of "
                        + "[\"ip\",\"uid\",\"name\",\"hostname\",\"svc_name\",\"instance_uid\",\"interface_uid\",\"interface_name\"]");
    }

    @Test
    void aRequiredAttributeMissing() throws Exception {
        assertThat(validate(apiActivity(), e -> e.remove("src_endpoint")).violations())
                .containsExactly("src_endpoint: required in api_activity but missing");
        assertThat(validate(apiActivity(), e -> ((ObjectNode) e.get("metadata").get("product")).remove("vendor_name")).violations())
                .containsExactly("metadata.product.vendor_name: required in product but missing");
    }

    @Test
    void aProfileAttributeWithoutTheProfile() throws Exception {
        assertThat(validate(entityManagement(), e -> ((ObjectNode) e.get("metadata")).remove("profiles")).violations())
                .containsExactly("actor: belongs to profile host, which metadata.profiles does not declare");
        assertThat(validate(apiActivity(), e -> ((ArrayNode) ((ObjectNode) e.get("metadata")).putArray("profiles")).add("host"))
                .violations()).containsExactly("metadata.profiles: class api_activity does not support profile \"host\"");
    }

    @Test
    void enumsAndTheirSiblings() throws Exception {
        assertThat(validate(apiActivity(), e -> e.put("status_id", 7)).violations())
                .containsExactly("status_id: 7 is not one of [99, 0, 1, 2]");
        assertThat(validate(apiActivity(), e -> e.put("status_id", 99)).violations())
                .containsExactly("status: required with status_id 99 (Other), to say what it is");
        assertThat(validate(apiActivity(), e -> e.put("status_id", 1).put("status", "erased")).violations())
                .containsExactly("status: \"erased\", but status_id 1 is \"Success\"");
        assertThat(validate(apiActivity(), e -> ((ObjectNode) e.get("actor").get("user")).put("type", "service")).violations())
                .containsExactly("actor.user.type: \"service\", but type_id 1 is \"User\"");
    }

    @Test
    void classCategoryAndTypeMustAgree() throws Exception {
        assertThat(validate(apiActivity(), e -> e.put("type_uid", 600303)).violations())
                .containsExactly("type_uid: 600303, but class_uid * 100 + activity_id is 600302");
        assertThat(validate(apiActivity(), e -> e.put("category_uid", 3)).violations())
                .containsExactly("category_uid: 3, but class api_activity is in category application (6)");
        assertThat(VALIDATOR.validate(mapper.createObjectNode().put("class_uid", 9999)).violations())
                .containsExactly("class_uid: 9999 is no class of OCSF 1.1.0");
    }

    @Test
    void unknownAttributesTypesAndNulls() throws Exception {
        assertThat(validate(apiActivity(), e -> e.put("custody_chain", "a/b")).violations())
                .containsExactly("custody_chain: not an attribute of api_activity");
        assertThat(validate(apiActivity(), e -> e.put("time", "2026-11-30")).violations())
                .containsExactly("time: \"2026-11-30\" is not a timestamp_t (long_t)");
        assertThat(validate(apiActivity(), e -> ((ObjectNode) e.get("metadata")).put("sequence", 1L << 31)).violations())
                .containsExactly("metadata.sequence: 2147483648 is not a integer_t (integer_t)");
        assertThat(validate(apiActivity(), e -> e.putNull("message")).violations())
                .containsExactly("message: null (leave an absent value out)");
        assertThat(validate(apiActivity(), e -> e.put("raw_data", "x".repeat(65_536))).violations())
                .containsExactly("raw_data: longer than string_t's max_len 65535");
        assertThat(validate(apiActivity(), e -> ((ObjectNode) e.get("src_endpoint")).put("ip", "not-an-ip")).violations())
                .containsExactly("src_endpoint.ip: \"not-an-ip\" does not match ip_t's pattern");
        assertThat(validate(apiActivity(), e -> ((ObjectNode) e.get("src_endpoint")).put("port", 70_000)).violations())
                .containsExactly("src_endpoint.port: 70000 is outside port_t's range [0,65535]");
    }

    @Test
    void missingRecommendedAttributesAreWarnings() throws Exception {
        assertThat(VALIDATOR.validate(apiActivity()).warnings())
                .contains("metadata.log_provider: recommended in metadata but missing", "resources: recommended in api_activity but missing");
    }
}
