package io.duesflow.mail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WinAnsiTextTests {

    @Test
    void textTheBuiltInFontsCanPrintIsLeftAsItIs() {
        String danishDutchEnglish = "Søren Ærø – Zoë’s café € 1.234,50 • „ß“ …";

        assertThat(WinAnsiText.of(danishDutchEnglish)).isSameAs(danishDutchEnglish);
    }

    @Test
    void otherLettersBecomeTheirClosestLatinLetter() {
        assertThat(WinAnsiText.of("Łukasz Żółć, Ğüneş Yıldız, Đorđe, Dvořák")).isEqualTo("Lukasz Zólc, Günes Yildiz, Dorde, Dvorák");
    }

    @Test
    void whatHasNoLatinLetterBecomesAQuestionMark() {
        assertThat(WinAnsiText.of("王 😀 x")).isEqualTo("? ? x");
    }
}
