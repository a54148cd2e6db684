package io.duesflow.mail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;

/** Reads rendered PDFs back the way a member and a banking app would: the text, and the QR code on the page. */
final class Pdfs {

    private Pdfs() {
    }

    /** The text as a reader takes it in: lines joined, so a sentence the layout wrapped is one sentence again. */
    static String text(byte[] pdf) {
        return lines(pdf).replaceAll("-\\R", "-").replaceAll("\\s+", " ");
    }

    /** The text line by line, as laid out on the page. */
    static String lines(byte[] pdf) {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of one page (counted from 1), lines joined as {@link #text(byte[])} joins them. */
    static String text(byte[] pdf, int page) {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setStartPage(page);
            stripper.setEndPage(page);
            return stripper.getText(document).replaceAll("-\\R", "-").replaceAll("\\s+", " ");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int pages(byte[] pdf) {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return document.getNumberOfPages();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first page printed at 200 dpi and scanned: the QR code's text, if the page has one. */
    static Optional<String> qrCode(byte[] pdf) {
        return qrCode(pdf, 1);
    }

    /** The same for another page, counted from 1. */
    static Optional<String> qrCode(byte[] pdf, int page) {
        return decode(page(pdf, page, 200));
    }

    static BufferedImage page(byte[] pdf, int page, int dpi) {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFRenderer(document).renderImageWithDPI(page - 1, dpi, ImageType.GRAY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Optional<String> decode(BufferedImage image) {
        MultiFormatReader reader = new MultiFormatReader();
        try {
            return Optional.of(reader.decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
                    Map.of(DecodeHintType.POSSIBLE_FORMATS, java.util.List.of(BarcodeFormat.QR_CODE),
                            DecodeHintType.TRY_HARDER, Boolean.TRUE,
                            // The EPC payload's third line says UTF-8; a banking app reads the bytes so.
                            DecodeHintType.CHARACTER_SET, "UTF-8")).getText());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }
}
