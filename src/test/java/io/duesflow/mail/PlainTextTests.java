package io.duesflow.mail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlainTextTests {

    @Test
    void paragraphsBecomeBlocksTableRowsLinesAndLinksShowTheirAddress() {
        String html = """
                <!DOCTYPE html>
                <html><head><title>Ignored</title></head>
                <body>
                  <p>Dear Anna
                     Jensen,</p>
                  <table><tr><td>Total</td>
                    <td>EUR 1,234.50</td></tr><tr><td>Due</td><td>1 March</td></tr></table>
                  <p><a href="http://localhost/tasklist" style="x">Open Tasklist</a></p>
                  <p>Kind regards,<br/>Roklubben &amp; Co &lt;kasserer&gt; &#39;Øresund&#39;</p>
                </body></html>
                """;

        assertThat(PlainText.of(html)).isEqualTo("""
                Dear Anna Jensen,

                Total\tEUR 1,234.50
                Due\t1 March

                Open Tasklist: http://localhost/tasklist

                Kind regards,
                Roklubben & Co <kasserer> 'Øresund'
                """);
    }
}
