package io.duesflow.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.duesflow.ApplicationTest;
import io.duesflow.Chromium;
import io.duesflow.TestUsers;
import io.duesflow.members.Association;
import io.duesflow.members.MemberRegister;
import io.duesflow.platform.Roles;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Tasklist and Cockpit carry the association's name where the vendor's was, and none of the vendor's "migrate to
 * Camunda 8" banner: the webapps' own customization files, served by duesflow with what the association is called
 * today. In a real headless Chromium where one is installed; screenshots under target/screenshots.
 */
@ApplicationTest
class WebappBrandingTests {

    static final String TREASURER = "bodil";
    static final String SUPERVISOR = "sigurd";
    static final String BANNER_TEXT = "migrate to Camunda 8";

    @LocalServerPort
    int port;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    IdentityService identity;
    @Autowired
    MemberRegister register;

    Association before;
    String name;

    @BeforeEach
    void anAssociationWithANameOfItsOwn() {
        before = register.association();
        name = "Roklubben Bølgen " + System.nanoTime() % 10_000;
        register.updateAssociation(named(before, name));
    }

    @AfterEach
    void nameBack() {
        register.updateAssociation(named(register.association(), before.name()));
    }

    @Test
    void eachWebappsConfigurationNamesTheAssociationAndItsStylesHideTheVendorsBanner() {
        for (String app : List.of("tasklist", "cockpit", "admin")) {
            ResponseEntity<String> config = rest.getForEntity("/camunda/app/" + app + "/scripts/config.js", String.class);
            assertThat(config.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(config.getHeaders().getContentType().toString()).startsWith("text/javascript");
            assertThat(config.getHeaders().getCacheControl()).as("a renamed association shows at once").contains("no-cache");
            assertThat(config.getBody()).startsWith("export default {")
                    .contains("vendor: \"" + name + "\"", "disableWelcomeMessage: true");
            ResponseEntity<String> styles = rest.getForEntity("/camunda/app/" + app + "/styles/user-styles.css",
                    String.class);
            assertThat(styles.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(styles.getBody()).contains(".ce-eol-banner { display: none !important; }");
        }
        assertThat(rest.getForObject("/camunda/app/tasklist/scripts/config.js", String.class))
                .contains("name: \"Tasklist\"", "shortcuts:");
        assertThat(rest.getForObject("/camunda/app/cockpit/scripts/config.js", String.class))
                .contains("name: \"Cockpit\"", "customScripts: ['duesflow/finished-instances']");
        assertThat(rest.getForEntity("/camunda/app/elsewhere/scripts/config.js", String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);

        register.updateAssociation(named(register.association(), name + " II"));
        assertThat(rest.getForObject("/camunda/app/tasklist/scripts/config.js", String.class))
                .contains("vendor: \"" + name + " II\"");
    }

    @Test
    void aTreasurerInTasklistAndASupervisorInCockpitSeeTheAssociationsNameAndNoMigrationBanner() throws Exception {
        Chromium.assumeInstalled();
        TestUsers.ensure(identity, TREASURER, Roles.TREASURER);
        TestUsers.ensure(identity, SUPERVISOR, Roles.SUPERVISOR);
        try (Chromium tasklist = Chromium.open(port)) {
            tasklist.logIn("/camunda/app/tasklist/default/", TREASURER, TestUsers.PASSWORD);
            seesTheAssociationAndNoBanner(tasklist, name + " Tasklist");
            tasklist.screenshot("tasklist-branding.png");
        }
        try (Chromium cockpit = Chromium.open(port)) {
            cockpit.logIn("/camunda/app/cockpit/default/", SUPERVISOR, TestUsers.PASSWORD);
            seesTheAssociationAndNoBanner(cockpit, name + " Cockpit");
            cockpit.screenshot("cockpit-branding.png");
        }
    }

    private static void seesTheAssociationAndNoBanner(Chromium browser, String brand) {
        WebElement brandName = browser.waitFor().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".navbar-brand .brand-name")));
        browser.waitFor().until(ExpectedConditions.textToBePresentInElement(brandName, brand));
        assertThat(brandName.getText()).isEqualTo(brand);
        assertThat(browser.driver().getTitle()).as("the page title").startsWith(brand);
        // The banner is in the page (the webapps draw it for every Community Edition) but never shown.
        List<WebElement> banners = browser.driver().findElements(By.cssSelector(".ce-eol-banner"));
        assertThat(banners).as("the vendor's banner, drawn").isNotEmpty().allSatisfy(banner -> assertThat(banner.isDisplayed()).isFalse());
        assertThat(browser.driver().findElement(By.tagName("body")).getText()).doesNotContain(BANNER_TEXT, "Camunda 8");
    }

    private static Association named(Association a, String name) {
        return new Association(a.id(), a.version(), name, a.email(), a.address(), a.currency(), a.timeZone(),
                a.languages(), a.iban(), a.bic(), a.sepaCreditorId(), a.betalingsserviceCreditor(), a.fiCreditorNumber(),
                a.defaultCollectionMethod(), a.monthlySuspensionFee(), a.receivablesAccount(), a.incomeAccount(),
                a.feeAccount(), a.bankAccount(), a.sepa(), a.createdAt(), a.createdBy(), a.updatedAt(), a.updatedBy());
    }
}
