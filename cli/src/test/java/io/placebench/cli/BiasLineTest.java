package io.placebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class BiasLineTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void bestWorstGapAndGiniOfTheContinents() throws Exception {
        var regions = JSON.readTree("""
                {"minN":10,"groups":[{"group":"EU","n":41},{"group":"AF","n":38},{"group":"AS","n":50}],
                 "disparity":{"acc25km":{"best":{"group":"EU","accuracy":0.3125},"worst":{"group":"AF",
                 "accuracy":0.0},"gap":0.3125,"gini":0.4166}}}""");
        assertEquals("sim-weak: acc@25km by continent best EU 31% (n 41), worst AF 0% (n 38), gap 31 pts, Gini 0.42",
                BiasLine.render("sim-weak", regions));
    }

    @Test
    void tooFewImagesPerContinent() throws Exception {
        var regions = JSON.readTree("""
                {"minN":10,"groups":[{"group":"EU","n":3}],"disparity":{"acc25km":{"best":null,"worst":null}}}""");
        assertEquals("m: acc@25km by continent: too few images per continent (n >= 10)", BiasLine.render("m", regions));
    }
}
